import torch
import torch.nn as nn
import torchvision
from torchvision import transforms

# download flowers and train a resnet
data = torchvision.datasets.Flowers102("data", download=True, transform=transforms.ToTensor())
loader = torch.utils.data.DataLoader(data, batch_size=32, shuffle=True)

model = torchvision.models.resnet18(num_classes=102)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()

for epoch in range(10):
    for images, labels in loader:
        optimizer.zero_grad()
        loss = loss_fn(model(images), labels)
        loss.backward()
        optimizer.step()
    print(epoch, loss.item())

torch.save(model.state_dict(), "model_final.pt")
